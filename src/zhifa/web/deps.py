"""Annotated dependency aliases for routes: one place to get the context, a session, a clock.

They are ``async def`` because they do no I/O worth a thread: a sync dependency costs a
thread-pool hop per request, and a public check request has several.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from zhifa.app_context import Context
from zhifa.kernel.clock import Clock
from zhifa.store.uow import UnitOfWork


async def get_context(request: Request) -> Context:
    ctx: Context = request.app.state.context
    return ctx


async def get_session(ctx: Annotated[Context, Depends(get_context)]) -> AsyncIterator[Session]:
    session = ctx.read()
    try:
        yield session
    finally:
        session.close()


async def get_uow(ctx: Annotated[Context, Depends(get_context)]) -> UnitOfWork:
    return ctx.uow()


async def get_clock(ctx: Annotated[Context, Depends(get_context)]) -> Clock:
    return ctx.clock


ContextDep = Annotated[Context, Depends(get_context)]
SessionDep = Annotated[Session, Depends(get_session)]
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
ClockDep = Annotated[Clock, Depends(get_clock)]
