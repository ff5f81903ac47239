"""users: an address is unique among confirmed live accounts only, so a company admin's attempt at another
tenant's address gives a dormant account instead of a telling 409

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('uq_users_email_live')
        batch_op.create_index('uq_users_email_live', ['email'], unique=True,
                              postgresql_where=sa.text('deleted_at IS NULL AND email_confirmed_at IS NOT NULL'),
                              sqlite_where=sa.text('deleted_at IS NULL AND email_confirmed_at IS NOT NULL'))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('uq_users_email_live')
        batch_op.create_index('uq_users_email_live', ['email'], unique=True,
                              postgresql_where=sa.text('deleted_at IS NULL'),
                              sqlite_where=sa.text('deleted_at IS NULL'))
