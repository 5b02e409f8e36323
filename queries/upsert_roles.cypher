// params: $rows: [{props: {id, name, cares_about, power}}]
UNWIND $rows AS row
MERGE (r:Role {id: row.props.id})
SET r = row.props
WITH r, row
OPTIONAL MATCH (r)-[old:CARES_ABOUT]->()
DELETE old
WITH DISTINCT r, row
UNWIND row.props.cares_about AS need_id
MATCH (n:Need {id: need_id})
MERGE (r)-[c:CARES_ABOUT]->(n)
SET c.power = row.props.power
