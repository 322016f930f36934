"""Assets: uploaded images (faces, logos, pictures), cleaned and stored by content.

* :mod:`.ingest` - bytes -> CleanImage (type sniffing, limits, EXIF orientation, metadata stripped).
* :mod:`.names` - the sanitised display name of an upload.
* :mod:`.multipart` - a capped, strict multipart/form-data reader for the upload route.
* :mod:`.service` - create/get/list/delete asset rows and blobs; ``load_asset_image`` for jobs.
* :mod:`.repository` - the queries (owner-scoped active assets, who still uses a blob).
"""
