"""The privacy notice, access requests and retention across the apps: what personal data the portal holds and why
(privacy.inventory), everything it holds about one person (privacy.access_request), and the daily removal of what is
past its time (`manage.py apply_retention`). It reads the other apps' models and runs their retention rules; none of
them imports it."""
