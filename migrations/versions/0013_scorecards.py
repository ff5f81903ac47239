"""scorecards per company (versioned, one active), and the scorecard version, weighted score and survey
contradictions of each analysis

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        'scorecards',
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('is_active', sa.Boolean(), nullable=False),
        sa.Column('check_weights', JSON, nullable=False),
        sa.Column('criteria', JSON, nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_scorecards_company_id_companies'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name='fk_scorecards_created_by_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_scorecards'),
        sa.UniqueConstraint('company_id', 'version', name='uq_scorecards_company_id_version'),
    )
    with op.batch_alter_table('scorecards', schema=None) as batch_op:
        batch_op.create_index('ix_scorecards_company_id', ['company_id'])
        batch_op.create_index('ix_scorecards_created_by_id', ['created_by_id'])
        batch_op.create_index('uq_scorecards_active', ['company_id'], unique=True,
                              postgresql_where=sa.text('is_active AND deleted_at IS NULL'),
                              sqlite_where=sa.text('is_active AND deleted_at IS NULL'))
    with op.batch_alter_table('evaluation_analysis', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scorecard_version', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('scorecard_score', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('contradiction_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_evaluation_analysis_company_id_contradictions',
                              ['company_id', 'contradiction_count'])


def downgrade():
    with op.batch_alter_table('evaluation_analysis', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_analysis_company_id_contradictions')
        batch_op.drop_column('contradiction_count')
        batch_op.drop_column('scorecard_score')
        batch_op.drop_column('scorecard_version')
    op.drop_table('scorecards')
