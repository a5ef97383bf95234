metadata description = 'Runbook: operations runbooks as an Azure Functions app (Flex Consumption), with its storage, Key Vault, monitoring, alerts and optional private networking. Deployed by azd (azure.yaml).'

targetScope = 'subscription'

import { targetSpec } from 'types.bicep'

@description('azd environment name; names the resource group and tags every resource.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region for every resource (one that offers the Flex Consumption plan).')
@minLength(1)
param location string

@description('Object id of the person or pipeline running azd (AZURE_PRINCIPAL_ID); gets Key Vault Secrets Officer and read access to reports and backups. Empty skips it.')
param principalId string = ''

@description('Kind of principal principalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('The databases Runbook looks after. Each connection string goes into Key Vault under the target\'s connectionStringSecret.')
param targets targetSpec[] = []

@description('NCRONTAB schedule (six fields, UTC) of every timer, by app setting name.')
param schedules object = {
  RUNBOOK_HEALTH_CHECK_SCHEDULE: '0 0 9 * * *'
  RUNBOOK_PROMOTION_EXPIRY_SCHEDULE: '0 */5 * * * *'
  RUNBOOK_BACKUP_SCHEDULE: '0 0 2 * * *'
  RUNBOOK_EMAIL_SCHEDULE: '0 * * * * *'
}

@description('Health check thresholds, by option name (Runbook:HealthCheck, see docs/configuration.md), e.g. { LatencyWarning: \'00:00:00.200\', ErrorsCritical: \'50\' }. Unset options keep the code defaults.')
param healthCheckOptions object = {}

@description('Address that receives the alerts (failed executions, Critical health check). Empty: alert rules without notification.')
param alertEmailAddress string = ''

@description('Daily backups kept.')
@minValue(1)
param backupDailyRetentionDays int = 7

@description('Weekly backups kept.')
@minValue(1)
param backupWeeklyRetentionWeeks int = 4

@description('Monthly backups kept.')
@minValue(1)
param backupMonthlyRetentionMonths int = 12

@description('Restore drill after each nightly backup: restores it into a scratch database on the target\'s server, compares every table with the manifest, drops it. Costs a restore and a read of the whole database; the targets\' logins must be allowed to create databases.')
param backupRestoreDrill bool = false

@description('Days the daily health reports are kept.')
@minValue(1)
param reportRetentionDays int = 90

@description('Days each audit record is immutable.')
@minValue(1)
param auditRetentionDays int = 365

@description('Days a deleted blob, container or previous blob version can be restored.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteRetentionDays int = 14

@description('Replication of the data storage account (backups, reports, audit).')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param dataStorageSku string = 'Standard_LRS'

@description('Put the app in a VNet and reach storage and Key Vault through private endpoints (for databases that are not public).')
param enableVirtualNetwork bool = false

@description('Address space of the VNet when enableVirtualNetwork is true.')
param virtualNetworkAddressPrefix string = '10.60.0.0/24'

@description('Most instances the function app may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 10

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'runbook'
}
var containers = {
  deployment: 'deployment'
  backups: 'backups'
  reports: 'reports'
  audit: 'audit'
  control: 'control'
}
// Names are fixed here, not read back from module outputs, so What-If can predict every resource before deploying.
var names = {
  identity: 'id-runbook-${resourceToken}'
  logAnalytics: 'log-runbook-${resourceToken}'
  applicationInsights: 'appi-runbook-${resourceToken}'
  hostStorage: 'sthost${resourceToken}'
  dataStorage: 'stdata${resourceToken}'
  keyVault: 'kv-runbook-${resourceToken}'
  plan: 'plan-runbook-${resourceToken}'
  functionApp: 'func-runbook-${resourceToken}'
}
var publicNetworkAccess = enableVirtualNetwork ? 'Disabled' : 'Enabled'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: resourceGroup
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: resourceGroup
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

// Host storage: the Functions runtime's own account (leases, keys, the deployment package).
module hostStorage 'modules/storage-account.bicep' = {
  scope: resourceGroup
  name: 'host-storage'
  params: {
    name: names.hostStorage
    location: location
    tags: tags
    containers: [
      {
        name: containers.deployment
      }
    ]
    softDeleteRetentionDays: blobSoftDeleteRetentionDays
    versioningEnabled: false
    publicNetworkAccess: publicNetworkAccess
  }
}

// Data storage: what Runbook keeps (backups, reports, the audit log, pause switches), kept apart from the host
// account so the app needs only Contributor here, with versioning, soft delete, lifecycle and WORM on audit.
module dataStorage 'modules/storage-account.bicep' = {
  scope: resourceGroup
  name: 'data-storage'
  params: {
    name: names.dataStorage
    location: location
    tags: tags
    skuName: dataStorageSku
    containers: [
      {
        name: containers.backups
      }
      {
        name: containers.reports
      }
      {
        name: containers.audit
        versionLevelImmutability: true
      }
      {
        name: containers.control
      }
    ]
    softDeleteRetentionDays: blobSoftDeleteRetentionDays
    versioningEnabled: true
    publicNetworkAccess: publicNetworkAccess
  }
}

module backupLifecycle 'modules/backup-lifecycle.bicep' = {
  scope: resourceGroup
  name: 'backup-lifecycle'
  dependsOn: [
    dataStorage
  ]
  params: {
    storageAccountName: names.dataStorage
    backupsContainer: containers.backups
    reportsContainer: containers.reports
    dailyRetentionDays: backupDailyRetentionDays
    weeklyRetentionWeeks: backupWeeklyRetentionWeeks
    monthlyRetentionMonths: backupMonthlyRetentionMonths
    reportRetentionDays: reportRetentionDays
    previousVersionRetentionDays: blobSoftDeleteRetentionDays
  }
}

module auditImmutability 'modules/audit-immutability.bicep' = {
  scope: resourceGroup
  name: 'audit-immutability'
  dependsOn: [
    dataStorage
  ]
  params: {
    storageAccountName: names.dataStorage
    auditContainer: containers.audit
    retentionDays: auditRetentionDays
  }
}

module keyVault 'modules/key-vault.bicep' = {
  scope: resourceGroup
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    publicNetworkAccess: publicNetworkAccess
  }
}

module network 'modules/network.bicep' = if (enableVirtualNetwork) {
  scope: resourceGroup
  name: 'network'
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
    addressPrefix: virtualNetworkAddressPrefix
  }
}

// The loop runs over names known at the start; the resource ids are looked up by position inside it.
var privateEndpoints = [
  {
    name: 'pe-host-blob-${resourceToken}'
    groupId: 'blob'
  }
  {
    name: 'pe-data-blob-${resourceToken}'
    groupId: 'blob'
  }
  {
    name: 'pe-vault-${resourceToken}'
    groupId: 'vault'
  }
]

module endpoints 'modules/private-endpoint.bicep' = [
  for (endpoint, i) in privateEndpoints: if (enableVirtualNetwork) {
    scope: resourceGroup
    name: endpoint.name
    params: {
      name: endpoint.name
      location: location
      tags: tags
      subnetId: network!.outputs.privateEndpointSubnetId
      targetId: [hostStorage.outputs.id, dataStorage.outputs.id, keyVault.outputs.id][i]
      groupId: endpoint.groupId
      dnsZoneId: endpoint.groupId == 'blob' ? network!.outputs.blobZoneId : network!.outputs.vaultZoneId
    }
  }
]

// The target list as the flat app settings .NET configuration binds to Runbook:Targets:N:*.
var targetSettings = toObject(
  flatten(map(range(0, length(targets)), i => concat(
    [
      {
        key: 'Runbook__Targets__${i}__Name'
        value: targets[i].name
      }
      {
        key: 'Runbook__Targets__${i}__Provider'
        value: targets[i].provider
      }
      {
        key: 'Runbook__Targets__${i}__ConnectionStringSecret'
        value: targets[i].connectionStringSecret
      }
    ],
    empty(targets[i].?errorLogTable ?? '')
      ? []
      : [
          {
            key: 'Runbook__Targets__${i}__ErrorLog__Table'
            value: targets[i].?errorLogTable
          }
        ],
    map(range(0, length(targets[i].?queueTables ?? [])), q => {
      key: 'Runbook__Targets__${i}__Queues__${q}__Table'
      value: (targets[i].?queueTables ?? [])[q]
    })
  ))),
  entry => entry.key,
  entry => entry.value
)

var healthCheckSettings = toObject(items(healthCheckOptions), option => 'Runbook__HealthCheck__${option.key}', option => string(option.value))

var runbookSettings = union(schedules, targetSettings, healthCheckSettings, {
  Runbook__Storage__BlobServiceUri: dataStorage.outputs.blobEndpoint
  Runbook__Storage__ReportsContainer: containers.reports
  Runbook__Backups__Container: containers.backups
  Runbook__Backups__DailyRetentionDays: string(backupDailyRetentionDays)
  Runbook__Backups__WeeklyRetentionWeeks: string(backupWeeklyRetentionWeeks)
  Runbook__Backups__MonthlyRetentionMonths: string(backupMonthlyRetentionMonths)
  Runbook__Backups__RestoreDrill: backupRestoreDrill ? 'true' : 'false'
  Runbook__KeyVault__VaultUri: keyVault.outputs.uri
})

module functionApp 'modules/function-app.bicep' = {
  scope: resourceGroup
  name: 'function-app'
  dependsOn: [
    monitoring
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    azdServiceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    hostStorageName: hostStorage.outputs.name
    hostStorageBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainer: containers.deployment
    applicationInsightsName: names.applicationInsights
    appSettings: runbookSettings
    subnetId: enableVirtualNetwork ? network!.outputs.appSubnetId : ''
    maximumInstanceCount: maximumInstanceCount
  }
}

module roleAssignments 'modules/role-assignments.bicep' = {
  scope: resourceGroup
  name: 'role-assignments'
  dependsOn: [
    identity
    hostStorage
    dataStorage
    keyVault
    monitoring
  ]
  params: {
    appIdentityName: names.identity
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
    hostStorageName: names.hostStorage
    dataStorageName: names.dataStorage
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
  }
}

module alerts 'modules/alerts.bicep' = {
  scope: resourceGroup
  name: 'alerts'
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    emailAddress: alertEmailAddress
  }
}

@description('Region, for azd.')
output AZURE_LOCATION string = location

@description('Tenant, for azd.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group azd deploys into.')
output AZURE_RESOURCE_GROUP string = resourceGroup.name

@description('The function app azd deploys the api service to.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Address of the function app; endpoints are under /api.')
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url

@description('Key Vault holding the target connection strings.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Key Vault address (Runbook__KeyVault__VaultUri).')
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri

@description('Data storage account (backups, reports, audit, control).')
output AZURE_STORAGE_ACCOUNT_NAME string = dataStorage.outputs.name

@description('Blob endpoint of the data storage account (Runbook__Storage__BlobServiceUri), for the runbook CLI.')
output AZURE_STORAGE_BLOB_ENDPOINT string = dataStorage.outputs.blobEndpoint

@description('Client id of the app\'s managed identity (not a secret).')
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
