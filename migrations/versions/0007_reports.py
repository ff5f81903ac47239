"""report jobs and report schedules (one report per schedule and period)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), 'postgresql')


def _entity_columns():
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('company_id', sa.Integer(), nullable=False),
    ]


def upgrade():
    op.create_table(
        'report_schedules', *_entity_columns(),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('filters', JSON, nullable=False),
        sa.Column('frequency', sa.String(length=10), nullable=False),
        sa.Column('recipient_ids', JSON, nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('last_period', sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_report_schedules_company_id_companies'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_report_schedules_created_by_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_report_schedules'),
    )
    with op.batch_alter_table('report_schedules', schema=None) as batch_op:
        batch_op.create_index('ix_report_schedules_company_id', ['company_id'])
        batch_op.create_index('ix_report_schedules_created_by_id', ['created_by_id'])
    op.create_table(
        'reports', *_entity_columns(),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('filters', JSON, nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('progress', sa.SmallInteger(), nullable=False),
        sa.Column('error_code', sa.String(length=50), nullable=True),
        sa.Column('error_message', sa.Text(), nullable=True),
        sa.Column('storage_key', sa.String(length=500), nullable=True),
        sa.Column('filename', sa.String(length=255), nullable=True),
        sa.Column('content_type', sa.String(length=100), nullable=True),
        sa.Column('size_bytes', sa.Integer(), nullable=True),
        sa.Column('rows', sa.Integer(), nullable=True),
        sa.Column('schedule_id', sa.Integer(), nullable=True),
        sa.Column('period', sa.String(length=20), nullable=True),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_reports_company_id_companies'),
        sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name='fk_reports_requested_by_id_users'),
        sa.ForeignKeyConstraint(['schedule_id'], ['report_schedules.id'], name='fk_reports_schedule_id_report_schedules'),
        sa.PrimaryKeyConstraint('id', name='pk_reports'),
        sa.UniqueConstraint('schedule_id', 'period', name='uq_reports_schedule_id_period'),
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        for column in ('company_id', 'requested_by_id', 'status', 'schedule_id'):
            batch_op.create_index(f'ix_reports_{column}', [column])


def downgrade():
    op.drop_table('reports')
    op.drop_table('report_schedules')
