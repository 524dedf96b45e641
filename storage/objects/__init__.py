"""Object stores: the ObjectStore port on a local directory and on S3."""
