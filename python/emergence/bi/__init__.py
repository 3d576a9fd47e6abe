"""Apache Superset on the published snapshot: the account-emergence and contribution
dashboards (docs/bi.md). ``launch`` runs in the project's Python; ``superset_content`` and
``superset_config`` run in Superset's own venv."""
