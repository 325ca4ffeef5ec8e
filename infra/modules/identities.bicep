// The two user-assigned identities: one for the Function App (every data-plane call central makes) and one for
// IoT Hub's routing endpoint (send to the ingest event hub, nothing else). See docs/adr/0012.

param location string
param tags object
param centralIdentityName string
param iotHubIdentityName string

resource central 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: centralIdentityName
  location: location
  tags: tags
}

resource iotHubRouting 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: iotHubIdentityName
  location: location
  tags: tags
}

output centralIdentityId string = central.id
output centralPrincipalId string = central.properties.principalId
output centralClientId string = central.properties.clientId
output iotHubIdentityId string = iotHubRouting.id
output iotHubPrincipalId string = iotHubRouting.properties.principalId
