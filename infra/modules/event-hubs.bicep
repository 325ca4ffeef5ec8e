// The Event Hubs namespace IoT Hub routes CloudStatus batches into, with the hub and the consumer group the
// Functions trigger (IngestStatus) reads. Local (SAS) auth is off: IoT Hub sends and the Function App receives
// with their managed identities, each granted on this one hub only.

import { roleIds } from 'roles.bicep'

param location string
param tags object
param namespaceName string
param eventHubName string
param consumerGroupName string

@description('Partitions of the ingest hub: the most Function instances that can read it in parallel. Fixed after creation on Standard.')
@minValue(1)
@maxValue(32)
param partitionCount int

@description('Throughput units of the namespace (each 1 MB/s or 1,000 events/s in).')
@minValue(1)
@maxValue(40)
param capacity int

@description('Let the namespace add throughput units by itself, up to this many (0 = off).')
@minValue(0)
@maxValue(40)
param maximumThroughputUnits int

@minValue(1)
@maxValue(7)
param messageRetentionInDays int

@description('Principal id of the central identity (receives).')
param centralPrincipalId string

@description('Principal id of the IoT Hub routing identity (sends).')
param iotHubPrincipalId string

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: capacity
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    isAutoInflateEnabled: maximumThroughputUnits > 0
    maximumThroughputUnits: maximumThroughputUnits
  }
}

resource ingestHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: eventHubName
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: messageRetentionInDays
  }
}

resource ingestConsumerGroup 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: ingestHub
  name: consumerGroupName
  properties: {
    userMetadata: 'CloudStatus central ingest (Functions trigger IngestStatus)'
  }
}

resource iotHubSends 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(ingestHub.id, iotHubPrincipalId, roleIds.eventHubsDataSender)
  scope: ingestHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.eventHubsDataSender)
    principalId: iotHubPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource centralReceives 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(ingestHub.id, centralPrincipalId, roleIds.eventHubsDataReceiver)
  scope: ingestHub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.eventHubsDataReceiver)
    principalId: centralPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output namespaceName string = namespace.name
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output eventHubName string = ingestHub.name
output consumerGroupName string = ingestConsumerGroup.name
