// The registry the edge module image is pushed to (az acr build) and IoT Edge devices pull from. The admin user is
// off: devices pull with a repository-scoped token (docs/deploy.md), builds run with the operator's Entra identity.

param location string
param tags object
param registryName string

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: registryName
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output registryName string = registry.name
output loginServer string = registry.properties.loginServer
