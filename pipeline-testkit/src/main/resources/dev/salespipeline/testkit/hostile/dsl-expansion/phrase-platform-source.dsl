# A host vocabulary.
[when]the environment=$s : String( ) from System.getenv().keySet()
