# A host vocabulary.
[when]anything at all=eval( true )
