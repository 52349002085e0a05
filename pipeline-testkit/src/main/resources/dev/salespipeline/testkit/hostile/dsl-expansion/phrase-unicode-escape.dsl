# A host vocabulary.
[then]note it=$gate.unmet( "x\u0022 + System.getenv() + \u0022", "y" );
