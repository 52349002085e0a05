// refused at line 2: only [when] and [then] phrases
[keyword]gently=timer ( int: 1s )
