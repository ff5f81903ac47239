"""review before publication: a company setting, the reviewer permission, publication of analyses, human overrides
beside the AI's verdict, and disputes

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _entity_columns():
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_required', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_reviewer', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('evaluation_analysis', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('published_by', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_evaluation_analysis_published_by_users', 'users', ['published_by'], ['id'])
    # What was analysed before review existed had already reached the client: it stays published.
    op.execute("UPDATE evaluation_analysis SET published_at = COALESCE(updated_at, created_at) "
               "WHERE operative_view IS NOT NULL")

    op.create_table(
        'analysis_overrides',
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('analysis_id', sa.Integer(), nullable=False),
        sa.Column('evaluation_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=80), nullable=False),
        sa.Column('ai_value', JSON, nullable=True),
        sa.Column('human_value', JSON, nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('dispute_id', sa.Integer(), nullable=True),
        *_entity_columns(),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_analysis_overrides_company_id_companies'),
        sa.ForeignKeyConstraint(['analysis_id'], ['evaluation_analysis.id'],
                                name='fk_analysis_overrides_analysis_id_evaluation_analysis'),
        sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'],
                                name='fk_analysis_overrides_evaluation_id_evaluations'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_analysis_overrides_user_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_analysis_overrides'),
    )
    with op.batch_alter_table('analysis_overrides', schema=None) as batch_op:
        batch_op.create_index('ix_analysis_overrides_company_id', ['company_id'])
        batch_op.create_index('ix_analysis_overrides_evaluation_id', ['evaluation_id'])
        batch_op.create_index('uq_analysis_overrides_analysis_id_target', ['analysis_id', 'target'], unique=True,
                              postgresql_where=sa.text('deleted_at IS NULL'), sqlite_where=sa.text('deleted_at IS NULL'))

    op.create_table(
        'disputes',
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('evaluation_id', sa.Integer(), nullable=False),
        sa.Column('analysis_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=80), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('raised_by', sa.Integer(), nullable=False),
        sa.Column('resolved_by', sa.Integer(), nullable=True),
        sa.Column('resolution', sa.Text(), nullable=True),
        sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
        *_entity_columns(),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_disputes_company_id_companies'),
        sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name='fk_disputes_evaluation_id_evaluations'),
        sa.ForeignKeyConstraint(['analysis_id'], ['evaluation_analysis.id'],
                                name='fk_disputes_analysis_id_evaluation_analysis'),
        sa.ForeignKeyConstraint(['raised_by'], ['users.id'], name='fk_disputes_raised_by_users'),
        sa.ForeignKeyConstraint(['resolved_by'], ['users.id'], name='fk_disputes_resolved_by_users'),
        sa.PrimaryKeyConstraint('id', name='pk_disputes'),
    )
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index('ix_disputes_company_id', ['company_id'])
        batch_op.create_index('ix_disputes_company_id_status', ['company_id', 'status'])
        batch_op.create_index('ix_disputes_evaluation_id', ['evaluation_id'])
        batch_op.create_index('uq_disputes_open_target', ['analysis_id', 'target'], unique=True,
                              postgresql_where=sa.text("status = 'open' AND deleted_at IS NULL"),
                              sqlite_where=sa.text("status = 'open' AND deleted_at IS NULL"))
    with op.batch_alter_table('analysis_overrides', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_analysis_overrides_dispute_id_disputes', 'disputes', ['dispute_id'], ['id'])


def downgrade():
    with op.batch_alter_table('analysis_overrides', schema=None) as batch_op:
        batch_op.drop_constraint('fk_analysis_overrides_dispute_id_disputes', type_='foreignkey')
    op.drop_table('disputes')
    op.drop_table('analysis_overrides')
    with op.batch_alter_table('evaluation_analysis', schema=None) as batch_op:
        batch_op.drop_constraint('fk_evaluation_analysis_published_by_users', type_='foreignkey')
        batch_op.drop_column('published_by')
        batch_op.drop_column('published_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('is_reviewer')
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_column('review_required')
