"""Where the tasks of initiatives were queued from before each moved beside its feature (`osallisuus.outbox`,
`initiatives.annual_services`): a task queued under its old path still finds it here, as the database backend stores
the path with each queued task."""

from initiatives.annual_services import generate_annual_list_pdf
from osallisuus.outbox import deliver_message

__all__ = ["deliver_message", "generate_annual_list_pdf"]
