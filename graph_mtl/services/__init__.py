"""Domain services: the features, as functions over the GraphStore port."""
