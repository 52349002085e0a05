# A host vocabulary.
[keyword]gently=timer ( int: 1s )
