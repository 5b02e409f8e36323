// params: $needs, $roles, $customers, $capabilities, $people, $channels, $opportunities: [string]; $customer_needs, $ties, $reach: [[string, string]]; $evidence: [[low, high, origin]]; $employments: [[person_id, origin, company]]
// Which of an import's keys the graph holds already, imports in progress included:
// those rows change what is there, and wait for the transaction that makes the import visible.
CALL () {
  UNWIND $needs AS key MATCH (:Need {id: key}) RETURN key AS found
  UNION ALL
  UNWIND $roles AS key MATCH (:Role {id: key}) RETURN key AS found
  UNION ALL
  UNWIND $customers AS key MATCH (:Customer {id: key}) RETURN key AS found
  UNION ALL
  UNWIND $capabilities AS key MATCH (:Capability {id: key}) RETURN key AS found
  UNION ALL
  UNWIND $people AS key MATCH (:Person {id: key}) RETURN key AS found
  UNION ALL
  UNWIND $channels AS key MATCH (:Channel {id: key}) RETURN key AS found
  UNION ALL
  UNWIND $opportunities AS key MATCH (:Opportunity {id: key}) RETURN key AS found
  UNION ALL
  UNWIND $customer_needs AS key
  MATCH (:Customer {id: key[0]})-[:HAS_NEED]->(:Need {id: key[1]})
  RETURN key AS found
  UNION ALL
  UNWIND $ties AS key
  MATCH (:Person {id: key[0]})-[:KNOWS]-(:Person {id: key[1]})
  RETURN key AS found
  UNION ALL
  UNWIND $reach AS key
  MATCH (:Channel {id: key[0]})-[:REACHES {target_id: key[1]}]->()
  RETURN key AS found
  UNION ALL
  UNWIND $evidence AS key
  MATCH (:Person {id: key[0]})-[:EVIDENCE {origin: key[2]}]->(:Person {id: key[1]})
  RETURN key AS found
  UNION ALL
  UNWIND $employments AS key
  MATCH (:Person {id: key[0]})-[:EMPLOYED]->(:Employment {origin: key[1], company: key[2]})
  RETURN key AS found
}
RETURN DISTINCT found
