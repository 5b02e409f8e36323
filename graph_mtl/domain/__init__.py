"""The domain: models, rules and algorithms, free of I/O and frameworks."""
