// params: none
// Every salesperson and whether they opted in to the team network (the
// TeamShared label, which goes with the node when the person is deleted).
CALL () { OPTIONAL MATCH (b:ImportBatch) RETURN collect(b.id) AS pending }
MATCH (p:Salesperson)
WHERE NOT coalesce(p._import, '') IN pending
RETURN p.id AS id, p.name AS name, p:TeamShared AS shared
ORDER BY p.id
