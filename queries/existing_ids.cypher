// params: $ids: [string]
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
UNWIND $ids AS id
OPTIONAL MATCH (p:Person {id: id}) WHERE NOT coalesce(p._import, '') IN pending
OPTIONAL MATCH (c:Customer {id: id}) WHERE NOT coalesce(c._import, '') IN pending
OPTIONAL MATCH (n:Need {id: id}) WHERE NOT coalesce(n._import, '') IN pending
OPTIONAL MATCH (r:Role {id: id}) WHERE NOT coalesce(r._import, '') IN pending
OPTIONAL MATCH (cap:Capability {id: id}) WHERE NOT coalesce(cap._import, '') IN pending
OPTIONAL MATCH (ch:Channel {id: id}) WHERE NOT coalesce(ch._import, '') IN pending
RETURN id,
       p IS NOT NULL AS person,
       c IS NOT NULL AS customer,
       n IS NOT NULL AS need,
       r IS NOT NULL AS role,
       cap IS NOT NULL AS capability,
       ch IS NOT NULL AS channel
