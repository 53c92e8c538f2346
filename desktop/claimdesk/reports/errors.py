"""The export's own error, apart so the formats and the exporter can both raise it."""

from claimdesk.core.errors import ClaimdeskError


class ExportError(ClaimdeskError):
    """The report cannot be written where asked; the message names the file or folder."""
