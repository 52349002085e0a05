// refused at line 2: without a pattern
[when]a deal named {name:.*}=Evidence( type == "{name}" )
