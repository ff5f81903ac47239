"""activation checks: a golden-set run over reviewed evaluations before a prompt or scorecard version goes live

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'activation_checks',
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('before_agreement', sa.Double(), nullable=True),
        sa.Column('after_agreement', sa.Double(), nullable=True),
        sa.Column('margin', sa.Double(), nullable=False),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('requested_by', sa.Integer(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_activation_checks_company_id_companies'),
        sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name='fk_activation_checks_requested_by_users'),
        sa.PrimaryKeyConstraint('id', name='pk_activation_checks'),
    )
    with op.batch_alter_table('activation_checks', schema=None) as batch_op:
        batch_op.create_index('ix_activation_checks_company_id', ['company_id'])
        batch_op.create_index('ix_activation_checks_kind_version_id', ['kind', 'version_id'])


def downgrade():
    op.drop_table('activation_checks')
