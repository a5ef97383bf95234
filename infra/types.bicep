metadata description = 'Types shared by main.bicep and its modules.'

@export()
@description('A database Runbook looks after. The connection string itself lives in Key Vault under connectionStringSecret.')
type targetSpec = {
  @description('Unique name: letters, digits, - and _ (it becomes part of report blob names).')
  @minLength(1)
  @maxLength(63)
  name: string

  @description('The database engine.')
  provider: ('PostgreSql' | 'MySql')

  @description('Name of the Key Vault secret that holds the connection string.')
  @minLength(1)
  @maxLength(127)
  connectionStringSecret: string

  @description('The application error log table, optionally schema-qualified.')
  errorLogTable: string?

  @description('The application queue tables (outbox, sync queue...), optionally schema-qualified.')
  queueTables: string[]?
}

@export()
@description('A blob container and whether its blob versions can be made immutable.')
type containerSpec = {
  @description('Container name: 3-63 lowercase letters, digits and dashes.')
  name: string

  @description('Enable version-level immutability (WORM) support; only possible when the container is created.')
  versionLevelImmutability: bool?
}
