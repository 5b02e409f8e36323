// params: none
// Every salesperson and whether they opted in to the team network (the
// TeamShared label, which goes with the node when the person is deleted).
MATCH (p:Salesperson)
RETURN p.id AS id, p.name AS name, p:TeamShared AS shared
ORDER BY p.id
