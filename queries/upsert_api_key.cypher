// params: $props: {id, salesperson_id, key_hash, created_on, revoked}
// An API key's record: its hash, never the key. Not a person's property, so
// re-importing people or deleting one leaves keys alone.
MERGE (k:ApiKey {id: $props.id})
SET k = $props
