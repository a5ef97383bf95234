metadata description = 'The one user-assigned managed identity the function app uses for everything: host storage, the deployment container, report and backup storage, Key Vault and Application Insights.'

@description('Name of the managed identity.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, for the function app identity block and the deployment container authentication.')
output id string = identity.id

@description('Client id: AzureWebJobsStorage__clientId, AZURE_CLIENT_ID and the Application Insights authentication string.')
output clientId string = identity.properties.clientId

@description('Principal (object) id, for role assignments.')
output principalId string = identity.properties.principalId
