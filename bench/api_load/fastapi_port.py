"""The seed's stack (FastAPI + SQLModel + asyncpg + PyJWT, seed §3) doing Siete's list work (issue #18).

Per request, as the real endpoint does: the bearer token decoded with PyJWT, its `jti` looked up in Redis (the
app's blocklist key), the user row read with its company through SQLModel (a deleted user or company, or a stale
token version, is a 401), tenancy and the role rule in the query, the total from a Redis-cached COUNT (60 s), the
page through SQLModel, the failure text from the app's message catalogue, a pydantic response model.
Served by uvicorn (2 workers). Settings: BENCH_API_DSN, BENCH_API_REDIS_URL, BENCH_JWT_SECRET, BENCH_DB_POOL.
"""

import json
import os
from datetime import datetime

import jwt
import redis.asyncio as aioredis
from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from sqlalchemy import func
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bench.api_load.floor_app import pagination_metadata
from siete.evaluations.messages import message_for

ADMIN, MANAGER, SHOPPER = 1, 2, 3
COUNT_TTL = 60


class Company(SQLModel, table=True):
    __tablename__ = "companies"
    id: int = Field(primary_key=True)
    subscription_status: str
    deleted_at: datetime | None = None


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: int = Field(primary_key=True)
    company_id: int | None = None
    role: int
    email: str
    token_version: int
    deleted_at: datetime | None = None


class CampaignUser(SQLModel, table=True):
    __tablename__ = "campaign_users"
    id: int = Field(primary_key=True)
    campaign_id: int
    user_id: int
    deleted_at: datetime | None = None


class EvaluationRead(SQLModel):
    """The list's row, the fields of Siete's EvaluationSchema."""

    id: int
    created_at: datetime
    updated_at: datetime
    company_id: int
    campaign_id: int
    zone_id: int
    user_id: int
    comments: str | None = None
    media_filename: str | None = None
    media_content_type: str | None = None
    media_size: int | None = None
    duration_seconds: float | None = None
    status: str
    stage: str
    progress: int
    error_code: str | None = None
    error_message: str | None = None
    completed_at: datetime | None = None
    failed_at: datetime | None = None


class Evaluation(EvaluationRead, table=True):
    __tablename__ = "evaluations"
    id: int = Field(primary_key=True)
    deleted_at: datetime | None = None


def _async_dsn(dsn):
    return dsn.replace("postgresql://", "postgresql+asyncpg://", 1)


engine = create_async_engine(_async_dsn(os.environ["BENCH_API_DSN"]), pool_size=int(os.environ.get("BENCH_DB_POOL", "16")),
                             max_overflow=0)
cache = aioredis.Redis.from_url(os.environ["BENCH_API_REDIS_URL"])
SECRET = os.environ["BENCH_JWT_SECRET"]
app = FastAPI()


async def session():
    async with AsyncSession(engine, expire_on_commit=False) as s:
        yield s


async def current_user(request: Request, db: AsyncSession = Depends(session)) -> User:
    """The token's user as the real app accepts it; else 401."""
    header = request.headers.get("authorization", "")
    if not header.startswith("Bearer "):
        raise HTTPException(401, "Unauthorized")
    try:
        claims = jwt.decode(header[7:], SECRET, algorithms=["HS256"], options={"require": ["exp", "iat"]})
    except jwt.PyJWTError:
        raise HTTPException(401, "Unauthorized") from None
    if claims.get("type") != "access" or await cache.get(f"siete:revoked:{claims['jti']}") is not None:
        raise HTTPException(401, "Unauthorized")
    stmt = (select(User, Company.id).outerjoin(Company, (Company.id == User.company_id) & col(Company.deleted_at).is_(None))
            .where(User.id == int(claims["sub"]), col(User.deleted_at).is_(None)))
    row = (await db.exec(stmt)).first()
    if row is None:
        raise HTTPException(401, "Unauthorized")
    user, live_company = row
    if (user.company_id is not None and live_company is None) or claims.get("ver", 0) != user.token_version:
        raise HTTPException(401, "Unauthorized")
    return user


def _scoped(stmt, user):
    stmt = stmt.where(Evaluation.company_id == user.company_id, col(Evaluation.deleted_at).is_(None))
    if user.role == MANAGER:
        assigned = select(CampaignUser.campaign_id).where(CampaignUser.user_id == user.id,
                                                          col(CampaignUser.deleted_at).is_(None))
        stmt = stmt.where(col(Evaluation.campaign_id).in_(assigned))
    elif user.role == SHOPPER:
        stmt = stmt.where(Evaluation.user_id == user.id)
    return stmt


def _read(evaluation):
    row = EvaluationRead.model_validate(evaluation, from_attributes=True)
    row.error_message = message_for(row.error_code, "es") if row.error_code else None
    return row


@app.get("/evaluations", response_model=list[EvaluationRead])
async def list_evaluations(response: Response, page: int = Query(1, ge=1), page_size: int = Query(10, ge=1, le=100),
                           user: User = Depends(current_user), db: AsyncSession = Depends(session)):
    key = f"bench:fastapi:count:{user.company_id}:{user.role}:{user.id}"
    cached = await cache.get(key)
    if cached is None:
        total = (await db.exec(_scoped(select(func.count()).select_from(Evaluation), user))).one()
        await cache.set(key, total, ex=COUNT_TTL)
    else:
        total = int(cached)
    stmt = _scoped(select(Evaluation), user).order_by(col(Evaluation.created_at).desc(), col(Evaluation.id).asc())
    rows = (await db.exec(stmt.offset((page - 1) * page_size).limit(page_size))).all()
    response.headers["X-Pagination"] = json.dumps(pagination_metadata(page, page_size, total))
    return [_read(row) for row in rows]


@app.get("/ok")
async def ok():
    return {"ok": True}
