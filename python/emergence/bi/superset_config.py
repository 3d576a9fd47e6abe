"""Superset's settings for the emergence dashboards (docs/bi.md), read by Superset through
``SUPERSET_CONFIG_PATH``. Everything Superset keeps (users, charts, dashboards) lives in a
SQLite file under ``SUPERSET_HOME``; the data it shows is the published snapshot only."""

import os

SECRET_KEY = os.environ["EMERGENCE_BI_SECRET_KEY"]
SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(os.environ["SUPERSET_HOME"], "superset.db")
# A local tool on a read-only snapshot: no examples, no telemetry, no thumbnails or alerts.
SUPERSET_LOAD_EXAMPLES = False
FEATURE_FLAGS = {"THUMBNAILS": False, "ALERT_REPORTS": False}
ROW_LIMIT = 50000
