"""outbound delivery: per-user / per-company channel preferences and one row per (notification, channel, user)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


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
        'delivery_preferences', *_entity_columns(),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('event', sa.String(length=50), nullable=False),
        sa.Column('email', sa.Boolean(), nullable=False),
        sa.Column('sms', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_delivery_preferences_company_id_companies'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_delivery_preferences_user_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_delivery_preferences'),
    )
    with op.batch_alter_table('delivery_preferences', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_preferences_company_id', ['company_id'])
        batch_op.create_index('ix_delivery_preferences_user_id', ['user_id'])
        batch_op.create_index('uq_delivery_preferences_user_event', ['user_id', 'event'], unique=True,
                              postgresql_where=sa.text('deleted_at IS NULL AND user_id IS NOT NULL'),
                              sqlite_where=sa.text('deleted_at IS NULL AND user_id IS NOT NULL'))
        batch_op.create_index('uq_delivery_preferences_company_event', ['company_id', 'event'], unique=True,
                              postgresql_where=sa.text('deleted_at IS NULL AND user_id IS NULL'),
                              sqlite_where=sa.text('deleted_at IS NULL AND user_id IS NULL'))
    op.create_table(
        'deliveries', *_entity_columns(),
        sa.Column('notification_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=50), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('address', sa.String(length=254), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.SmallInteger(), nullable=False),
        sa.Column('task_id', sa.String(length=64), nullable=True),
        sa.Column('provider', sa.String(length=20), nullable=True),
        sa.Column('provider_message_id', sa.String(length=255), nullable=True),
        sa.Column('provider_code', sa.String(length=40), nullable=True),
        sa.Column('error_code', sa.String(length=50), nullable=True),
        sa.Column('error_message', sa.Text(), nullable=True),
        sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name='fk_deliveries_company_id_companies'),
        sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'],
                                name='fk_deliveries_notification_id_notifications'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_deliveries_user_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_deliveries'),
        sa.UniqueConstraint('notification_id', 'channel', 'user_id',
                            name='uq_deliveries_notification_id_channel_user_id'),
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        for column in ('company_id', 'notification_id', 'user_id', 'event', 'status'):
            batch_op.create_index(f'ix_deliveries_{column}', [column])


def downgrade():
    op.drop_table('deliveries')
    op.drop_table('delivery_preferences')
