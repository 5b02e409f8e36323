// params: none
// How many items of each kind an import writes the graph holds, imports in progress
// included (each from the count store, no scan): a kind with none needs no check of
// which rows are already there.
CALL () { MATCH (n:Need) RETURN count(n) AS needs }
CALL () { MATCH (n:Role) RETURN count(n) AS roles }
CALL () { MATCH (n:Customer) RETURN count(n) AS customers }
CALL () { MATCH ()-[r:HAS_NEED]->() RETURN count(r) AS customer_needs }
CALL () { MATCH (n:Capability) RETURN count(n) AS capabilities }
CALL () { MATCH (n:Person) RETURN count(n) AS people }
CALL () { MATCH ()-[r:KNOWS]->() RETURN count(r) AS ties }
CALL () { MATCH (n:Channel) RETURN count(n) AS channels }
CALL () { MATCH ()-[r:REACHES]->() RETURN count(r) AS reach }
CALL () { MATCH (n:Opportunity) RETURN count(n) AS opportunities }
CALL () { MATCH ()-[r:EVIDENCE]->() RETURN count(r) AS evidence }
CALL () { MATCH (n:Employment) RETURN count(n) AS employments }
RETURN needs, roles, customers, customer_needs, capabilities, people, ties, channels, reach,
       opportunities, evidence, employments
