"""audit log: append-only record of payment confirmations, role changes, deletions and prompt changes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    op.create_table(
        'audit_log',
        sa.Column('company_id', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor_role', sa.SmallInteger(), nullable=True),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('entity_type', sa.String(length=40), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=True),
        sa.Column('before', JSON, nullable=True),
        sa.Column('after', JSON, nullable=True),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name='fk_audit_log_actor_id_users'),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_audit_log_company_id_companies'),
        sa.PrimaryKeyConstraint('id', name='pk_audit_log'),
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_action', ['action'])
        batch_op.create_index('ix_audit_log_actor_id', ['actor_id'])
        batch_op.create_index('ix_audit_log_company_id', ['company_id'])
        batch_op.create_index('ix_audit_log_entity', ['entity_type', 'entity_id'])
    if op.get_bind().dialect.name == "postgresql":
        # Append-only in the database itself: no role the app connects with can rewrite history.
        op.execute("""
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
            CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        """)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log; "
                   "DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_table('audit_log')
