"""evaluations (company_id, user_id, created_at): a shopper's list reads their own rows in page order instead of
walking the company's rows by created_at (issue #18)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02

"""
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index('ix_evaluations_company_id_user_id_created_at', ['company_id', 'user_id', 'created_at'])


def downgrade():
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluations_company_id_user_id_created_at')
