"""company_vocabularies: each company's own names (products, brands) passed to Whisper with its campaign and
branch names

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        'company_vocabularies',
        sa.Column('terms', JSON, nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_company_vocabularies_company_id_companies'),
        sa.PrimaryKeyConstraint('id', name='pk_company_vocabularies'),
    )
    with op.batch_alter_table('company_vocabularies', schema=None) as batch_op:
        batch_op.create_index('ix_company_vocabularies_company_id', ['company_id'])
        batch_op.create_index('uq_company_vocabularies_live', ['company_id'], unique=True,
                              postgresql_where=sa.text('deleted_at IS NULL'),
                              sqlite_where=sa.text('deleted_at IS NULL'))


def downgrade():
    op.drop_table('company_vocabularies')
