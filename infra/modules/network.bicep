metadata description = 'Optional private networking: a VNet with a subnet delegated to the Flex Consumption app (outbound integration, to reach databases that are not public) and a subnet for private endpoints, with the private DNS zones for Blob Storage and Key Vault linked to it.'

@description('Suffix that makes the names unique.')
param resourceToken string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Address space of the VNet; the first half is the app subnet, the second the private endpoints.')
param addressPrefix string

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet-runbook-${resourceToken}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'snet-app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, int(split(addressPrefix, '/')[1]) + 1, 0)
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, int(split(addressPrefix, '/')[1]) + 1, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

var zoneNames = {
  blob: 'privatelink.blob.${environment().suffixes.storage}'
  vault: 'privatelink.vaultcore.azure.net'
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in items(zoneNames): {
    name: zone.value
    location: 'global'
    tags: tags
  }
]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in items(zoneNames): {
    parent: zones[i]
    name: 'link-${vnet.name}'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

@description('The subnet the function app integrates with.')
output appSubnetId string = vnet.properties.subnets[0].id

@description('The subnet private endpoints are placed in.')
output privateEndpointSubnetId string = vnet.properties.subnets[1].id

@description('Private DNS zone for Blob Storage.')
output blobZoneId string = zones[0].id

@description('Private DNS zone for Key Vault.')
output vaultZoneId string = zones[1].id
