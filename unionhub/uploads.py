"""Upload handling shared by every form that takes a file."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops reading an uploaded file as soon as it passes the largest size any form takes.

    Django streams a multipart body into memory or a temporary file before a view sees it; this
    handler, first in FILE_UPLOAD_HANDLERS, skips the rest of a file past UPLOAD_HARD_LIMIT_BYTES, so
    a 2 GB "photo" is never kept in memory or on disk. The file does not arrive; the request is marked
    (`request.upload_too_large` = the field name) so the view can say why at the field.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_HARD_LIMIT_BYTES:
            self.request.upload_too_large = self.field_name
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
