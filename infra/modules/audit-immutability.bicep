metadata description = 'Time-based retention (WORM) on the audit container: nothing written there can be changed or deleted before the period ends. Appends stay allowed so the audit log can grow. The policy is left unlocked so the period can still be corrected; lock it by hand once it is right (locking cannot be undone).'

@description('Name of the data storage account.')
param storageAccountName string

@description('The audit container (created with version-level immutability support).')
param auditContainer string

@description('Days each audit record is protected from change and deletion.')
@minValue(1)
@maxValue(146000)
param retentionDays int

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: auditContainer
    }
  }
}

resource policy 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2024-01-01' = {
  parent: account::blobService::container
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: retentionDays
    allowProtectedAppendWritesAll: true
  }
}
