from evidence.errors import EvidenceError, NotFound

class StorageError(EvidenceError):
    pass

class ObjectMissing(StorageError, NotFound):
    pass

class StorageUnavailable(StorageError):
    pass
