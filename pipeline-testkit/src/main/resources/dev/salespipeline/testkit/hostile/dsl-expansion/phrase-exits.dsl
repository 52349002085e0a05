# A host vocabulary.
[then]leave quietly=System.exit( 3 );
