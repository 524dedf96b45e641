"""The web service: JSON API, server-rendered pages, users and roles, evidence bundles."""

from tpcb.web.app import create_app

__all__ = ["create_app"]
