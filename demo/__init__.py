"""The demo county of `make run`: Satakunta's municipalities, organs and units, demo staff with a known password, and
each app's demo data, loaded by `manage.py seed_demo`. Installed only when DEBUG is on (settings.INSTALLED_APPS), so a
production server has no seed_demo command."""
