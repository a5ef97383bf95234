metadata description = 'A private endpoint for one sub-resource (blob, vault) of one resource, registered in its private DNS zone.'

@description('Name of the private endpoint.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the endpoint.')
param tags object

@description('Subnet the endpoint is placed in.')
param subnetId string

@description('Resource the endpoint connects to.')
param targetId string

@description('Sub-resource: blob for a storage account, vault for a Key Vault.')
@allowed([
  'blob'
  'vault'
])
param groupId string

@description('Private DNS zone the endpoint registers in.')
param dnsZoneId string

resource endpoint 'Microsoft.Network/privateEndpoints@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    subnet: {
      id: subnetId
    }
    privateLinkServiceConnections: [
      {
        name: name
        properties: {
          privateLinkServiceId: targetId
          groupIds: [
            groupId
          ]
        }
      }
    ]
  }
}

resource zoneGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = {
  parent: endpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: groupId
        properties: {
          privateDnsZoneId: dnsZoneId
        }
      }
    ]
  }
}
