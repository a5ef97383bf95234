metadata description = 'Alerts to an e-mail action group: any failed function execution, and any health check that finishes Critical. Both are log alerts over Application Insights, which Runbook feeds through OpenTelemetry.'

@description('Suffix that makes the names unique.')
param resourceToken string

@description('Azure region for the log alert rules.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Resource id of the Application Insights component the alerts query.')
param applicationInsightsId string

@description('Address that receives the alerts; empty creates the alert rules without a notification.')
param emailAddress string

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(emailAddress)) {
  name: 'ag-runbook-${resourceToken}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'runbook'
    enabled: true
    emailReceivers: [
      {
        name: 'on-call'
        emailAddress: emailAddress
        useCommonAlertSchema: true
      }
    ]
  }
}

// One function invocation is one request in Application Insights; success is false when it threw or returned 5xx.
// The health check logs one summary line per run (event 1000) whose Severity property is Critical when any target is.
var alerts = [
  {
    name: 'alert-runbook-failed-executions-${resourceToken}'
    displayName: 'Runbook: a function execution failed'
    description: 'A Runbook function (timer or HTTP) failed. See the exceptions in Application Insights and the runbook in docs/runbooks/.'
    severity: 1
    query: 'requests | where success == false | project timestamp, operation_Name, resultCode'
  }
  {
    name: 'alert-runbook-health-critical-${resourceToken}'
    displayName: 'Runbook: the health check found a Critical problem'
    description: 'The daily (or an on-demand) health check finished Critical. Read the report in the reports container and follow docs/runbooks/health-check.md.'
    severity: 0
    query: 'traces | where message startswith "Health check finished" | where tostring(customDimensions.Severity) == "Critical" | project timestamp, message'
  }
]

resource rules 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in alerts: {
    name: alert.name
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        applicationInsightsId
      ]
      evaluationFrequency: 'PT15M'
      windowSize: 'PT15M'
      autoMitigate: false
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: empty(emailAddress) ? [] : [
          actionGroup.id
        ]
      }
    }
  }
]
