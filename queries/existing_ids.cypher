// params: $ids: [string]
UNWIND $ids AS id
OPTIONAL MATCH (p:Person {id: id})
OPTIONAL MATCH (c:Customer {id: id})
OPTIONAL MATCH (n:Need {id: id})
OPTIONAL MATCH (r:Role {id: id})
OPTIONAL MATCH (cap:Capability {id: id})
OPTIONAL MATCH (ch:Channel {id: id})
RETURN id,
       p IS NOT NULL AS person,
       c IS NOT NULL AS customer,
       n IS NOT NULL AS need,
       r IS NOT NULL AS role,
       cap IS NOT NULL AS capability,
       ch IS NOT NULL AS channel
