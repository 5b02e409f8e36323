"""One router per resource; `ROUTERS` is what the app mounts."""

from __future__ import annotations

from fastapi import APIRouter

from api.routers import (
    accounts,
    changes,
    channels,
    contacts,
    crm_export,
    customers,
    docs,
    health,
    imports,
    interactions,
    intros,
    me,
    networks,
    opportunities,
    pages,
    paths,
    people,
    reports,
    search,
    team,
    ties,
)

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    me.router,
    paths.router,
    customers.router,
    accounts.router,
    channels.router,
    contacts.router,
    people.router,
    ties.router,
    imports.router,
    networks.router,
    interactions.router,
    crm_export.router,
    changes.router,
    intros.router,
    search.router,
    opportunities.router,
    team.router,
    reports.router,
    pages.router,
    docs.router,
)
