metadata description = 'Lifecycle management for the data storage account. The backup job prunes by age (daily backups 7 days, Sunday ones 4 weeks, first-Sunday ones 12 calendar months by default) and never a target\'s newest verified backup; this policy is the backstop a day or so behind that retention, deletes only blobs tagged runbook-pinned = no (so never the newest verified backup either), and moves long-kept backups to cheaper tiers.'

@description('Name of the data storage account.')
param storageAccountName string

@description('Container that holds the backups, with blobs under daily/, weekly/ and monthly/ (the tier a backup got when it was made) and index tags runbook-target, runbook-tier, runbook-created, runbook-verified, runbook-pinned.')
param backupsContainer string

@description('Container that holds the daily health reports.')
param reportsContainer string

@description('Daily backups kept.')
@minValue(1)
param dailyRetentionDays int

@description('Weekly backups kept.')
@minValue(1)
param weeklyRetentionWeeks int

@description('Monthly backups kept.')
@minValue(1)
param monthlyRetentionMonths int

@description('Days health reports are kept.')
@minValue(1)
param reportRetentionDays int

@description('Days a previous blob version is kept before it is deleted.')
@minValue(1)
param previousVersionRetentionDays int

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

// Daily backups stay hot: cool storage bills at least 30 days, longer than a daily backup lives.
// Weekly backups go cool after a week (cheaper even with the early-deletion charge);
// monthly backups go cool after 30 days and cold after 90, the minimum stays of those tiers.
var rules = [
  {
    name: 'backups-daily'
    prefix: '${backupsContainer}/daily/'
    unpinnedOnly: true
    actions: {
      delete: {
        daysAfterCreationGreaterThan: dailyRetentionDays + 1
      }
    }
  }
  {
    name: 'backups-weekly'
    prefix: '${backupsContainer}/weekly/'
    unpinnedOnly: true
    actions: {
      tierToCool: {
        daysAfterCreationGreaterThan: 7
      }
      delete: {
        daysAfterCreationGreaterThan: weeklyRetentionWeeks * 7 + 1
      }
    }
  }
  {
    name: 'backups-monthly'
    prefix: '${backupsContainer}/monthly/'
    unpinnedOnly: true
    actions: {
      tierToCool: {
        daysAfterCreationGreaterThan: 30
      }
      tierToCold: {
        daysAfterCreationGreaterThan: 90
      }
      delete: {
        daysAfterCreationGreaterThan: monthlyRetentionMonths * 31
      }
    }
  }
  {
    name: 'reports'
    prefix: '${reportsContainer}/'
    unpinnedOnly: false
    actions: {
      delete: {
        daysAfterCreationGreaterThan: reportRetentionDays
      }
    }
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        for rule in rules: {
          name: rule.name
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: union(
              {
                blobTypes: [
                  'blockBlob'
                ]
                prefixMatch: [
                  rule.prefix
                ]
              },
              // Each target's newest verified backup carries runbook-pinned = yes and is never matched.
              rule.unpinnedOnly
                ? {
                    blobIndexMatch: [
                      {
                        name: 'runbook-pinned'
                        op: '=='
                        value: 'no'
                      }
                    ]
                  }
                : {}
            )
            actions: {
              baseBlob: rule.actions
              version: {
                delete: {
                  daysAfterCreationGreaterThan: previousVersionRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}
