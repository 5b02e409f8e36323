// params: $ids: [string]
UNWIND $ids AS id
MATCH (:Person {id: id})-[k:KNOWS]-(other:Person)
RETURN id, collect(other.id) AS others, collect(k.strength) AS strengths
