// IoT Hub: CloudStatus batches (application property csSchema, set by the edge module on every message) are
// routed to the ingest event hub through an identity-based custom endpoint; everything else falls back to the
// built-in events endpoint, where `az iot hub monitor-events` shows it and nothing reaches ingest by accident.
// The hub's routing identity must already hold Azure Event Hubs Data Sender (granted by event-hubs.bicep, which
// main.bicep deploys first because this module consumes its outputs).

import { roleIds } from 'roles.bicep'

param location string
param tags object
param iotHubName string

@allowed([
  'S1'
  'S2'
  'S3'
])
param skuName string

@minValue(1)
@maxValue(200)
param capacity int

@description('Resource id of the user-assigned identity IoT Hub uses to send to Event Hubs.')
param routingIdentityId string

param eventHubNamespaceName string
param eventHubName string

@description('The routing condition: the application property and value every CloudStatus batch carries.')
param routeCondition string

@description('Principal id of the central identity (invokes module direct methods).')
param centralPrincipalId string

@description('Principal id of the person or pipeline running azd (registers devices, applies deployments); empty = none.')
param operatorPrincipalId string

@description('Principal type of operatorPrincipalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param operatorPrincipalType string

var ingestEndpointName = 'cloudstatus-ingest'

resource iotHub 'Microsoft.Devices/IotHubs@2023-06-30' = {
  name: iotHubName
  location: location
  tags: tags
  sku: {
    name: skuName
    capacity: capacity
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${routingIdentityId}': {}
    }
  }
  properties: {
    // Hub-level shared access policies are off: services use Entra ID (roles below). Device and module SAS
    // keys (IoT Edge) are not affected by this switch.
    disableLocalAuth: true
    minTlsVersion: '1.2'
    eventHubEndpoints: {
      events: {
        retentionTimeInDays: 1
        partitionCount: 2
      }
    }
    routing: {
      endpoints: {
        eventHubs: [
          {
            name: ingestEndpointName
            authenticationType: 'identityBased'
            identity: {
              userAssignedIdentity: routingIdentityId
            }
            endpointUri: 'sb://${eventHubNamespaceName}.servicebus.windows.net'
            entityPath: eventHubName
            subscriptionId: subscription().subscriptionId
            resourceGroup: resourceGroup().name
          }
        ]
      }
      routes: [
        {
          name: 'cloudstatus-batches'
          source: 'DeviceMessages'
          condition: routeCondition
          endpointNames: [
            ingestEndpointName
          ]
          isEnabled: true
        }
      ]
      fallbackRoute: {
        name: '$fallback'
        source: 'DeviceMessages'
        condition: 'true'
        endpointNames: [
          'events'
        ]
        isEnabled: true
      }
    }
  }
}

resource centralInvokesMethods 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(iotHub.id, centralPrincipalId, roleIds.iotHubDataContributor)
  scope: iotHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.iotHubDataContributor)
    principalId: centralPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource operatorManagesDevices 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(iotHub.id, operatorPrincipalId, roleIds.iotHubDataContributor)
  scope: iotHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.iotHubDataContributor)
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
  }
}

output iotHubName string = iotHub.name
output hostName string = iotHub.properties.hostName
output ingestEndpointName string = ingestEndpointName
