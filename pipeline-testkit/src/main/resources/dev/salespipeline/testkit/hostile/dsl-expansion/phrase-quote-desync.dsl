# A host vocabulary.
[when]a strange deal=Evidence( type == '"', System.exit( 3 ) == null, type == '"' )
