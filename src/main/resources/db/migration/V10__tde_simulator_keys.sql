-- What the simulated ApsaraDB for Redis service (io.tdeguard.kvstore.simulator) knows of KMS, per instance: the
-- custom keys DescribeEncryptionKeyList lists, and the RAM roles CheckCloudResourceAuthorized reports authorized.
-- Shared by the simulator backend and the OpenAPI emulator of the tests. Unused by the openapi backend.

create table sim_encryption_key (
    instance_id  text not null references sim_instance (instance_id),
    key_id       text not null,
    -- as DescribeEncryptionKey spells them
    key_status   text not null default 'Enabled',
    origin       text not null default 'Aliyun_KMS',
    description  text,
    primary key (instance_id, key_id)
);

create table sim_authorized_role (
    instance_id  text not null references sim_instance (instance_id),
    role_arn     text not null,
    primary key (instance_id, role_arn)
);
