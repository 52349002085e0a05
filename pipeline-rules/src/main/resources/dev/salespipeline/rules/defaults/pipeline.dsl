# The pipeline's business vocabulary: rules written in these phrases (.dslr files) read as sentences
# and run as the DRL on the right. Longer phrases come first, so that they win over shorter ones that
# start the same way. Stage, evidence type and criterion ids are the ids of docs/rules-guide.md.
# Stage and pipeline names may be written in any case ("Proposal"): !lc lowers them to the ids.
[when]When an {pipeline} deal leaves {stage}=$gate : GateCheck( pipeline == "{pipeline!lc}", exiting == "{stage!lc}" )
[when]When a {pipeline} deal leaves {stage}=$gate : GateCheck( pipeline == "{pipeline!lc}", exiting == "{stage!lc}" )
[when]When any deal leaves {stage}=$gate : GateCheck( exiting == "{stage!lc}" )
[when]When the deal leaves {stage}=$gate : GateCheck( exiting == "{stage!lc}" )
[when]there is no evidence of {first} or of {second}=not Evidence( dealId == $gate.dealId, type == "{first}" || type == "{second}" )
[when]there is no evidence of {type}=not Evidence( dealId == $gate.dealId, type == "{type}" )
[when]the expected close is more than {days} days away=Deal( id == $gate.dealId, daysToExpectedClose > {days} )
[then]block it as {criterion}: {message}=$gate.unmet( "{criterion}", "{message}" );
